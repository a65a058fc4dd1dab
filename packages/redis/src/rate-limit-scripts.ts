import { luaScript } from "./redis-runner.js";

// Why Lua and not rate-limiter-flexible: its RateLimiterRedis counts points in a fixed window that opens at the first
// request and lasts whole seconds (a shorter duration gets no expiry at all). With RPM/60 points a second, the end
// of one window and the start of the next let 2 × RPM/60 requests through within milliseconds, which is exactly the
// burst DashScope's per-second enforcement throttles (docs/dashscope-api.md §4.2). A token bucket (the in-process
// createRateLimiter's algorithm) needs its level and its last update read and written in one step, so it is a
// script. Redis's own clock (TIME) is the fleet's clock, so machines whose clocks disagree still share one bucket.

/**
 * KEYS[1]: a hash { r: request level, t: token level, at: last update (ms), p: paused until (ms) }.
 * ARGV: requests a ms, request capacity, tokens a ms (0: no token limit), token capacity, requests, tokens.
 * Takes the cost and returns 0, or returns the ms to wait and takes nothing. The key expires once both buckets would
 * be full again and any pause is over: a missing key reads as full.
 */
export const acquireScript = luaScript(`
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local s = redis.call('HMGET', KEYS[1], 'r', 't', 'at', 'p')
local rr, rc, tr, tc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local nr, nt = tonumber(ARGV[5]), tonumber(ARGV[6])
local elapsed = math.max(0, now - (tonumber(s[3]) or now))
local paused = (tonumber(s[4]) or 0) - now
local r = math.min(rc, (tonumber(s[1]) or rc) + elapsed * rr)
local t = math.min(tc, (tonumber(s[2]) or tc) + elapsed * tr)
local wait = math.max(paused, (math.min(nr, rc) - r) / rr)
if tr > 0 then wait = math.max(wait, (math.min(nt, tc) - t) / tr) end
if wait > 0 then return math.ceil(wait) end
r, t = r - nr, t - nt
redis.call('HSET', KEYS[1], 'r', r, 't', t, 'at', now)
local full = math.max(paused, (rc - r) / rr)
if tr > 0 then full = math.max(full, (tc - t) / tr) end
redis.call('PEXPIRE', KEYS[1], math.ceil(full) + 1000)
return 0
`);

/** KEYS[1]: the same hash. ARGV[1]: ms to hold every caller back from now; a longer pause already set stays. */
export const backOffScript = luaScript(`
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local pause_end = now + tonumber(ARGV[1])
if pause_end <= (tonumber(redis.call('HGET', KEYS[1], 'p')) or 0) then return 0 end
redis.call('HSET', KEYS[1], 'p', pause_end)
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) + 1000 then
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1])) + 1000)
end
return 1
`);
