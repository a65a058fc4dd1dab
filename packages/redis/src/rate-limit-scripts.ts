import { luaScript } from "./redis-runner.js";

// Why Lua and not rate-limiter-flexible: its RateLimiterRedis counts points in a fixed window that opens at the first
// request and lasts whole seconds (a shorter duration gets no expiry at all). With RPM/60 points a second, the end
// of one window and the start of the next let 2 × RPM/60 requests through within milliseconds, which is the burst a
// per-second check throttles (docs/dashscope-api.md §4.2). A token bucket has
// the same flaw against a sliding window: RPM/60 at once, then RPM/60 more within the same second. What never trips
// a per-second check, sliding or fixed, is a sliding window log: no more than N grants in any window. That is a
// sorted set read and written in one step, so a script. Redis's clock (TIME) is the fleet's clock, so machines whose
// clocks disagree still share one window.

/**
 * KEYS[1]: a sorted set of grants (member "<id>:<tokens>", score: ms) and of one member "pause" (score: its end).
 * ARGV: requests a window, request window (ms), tokens a window (0: no token limit), token window (ms), id, tokens.
 * Adds the grant and returns 0, or returns the ms until it would fit and adds nothing. A request over the token
 * limit alone fits once the token window is empty.
 */
export const acquireScript = luaScript(`
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local n, rw, tn, tw = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens, horizon = tonumber(ARGV[6]), math.max(rw, tw)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - horizon)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local wait, recent, spent, used = 0, {}, {}, 0
for i = 1, #entries, 2 do
  local at = tonumber(entries[i + 1])
  if entries[i] == 'pause' then
    wait = math.max(wait, at - now)
  else
    if at > now - rw then recent[#recent + 1] = at end
    local cost = tonumber(string.match(entries[i], ':(.*)$'))
    if at > now - tw then spent[#spent + 1], used = { at, cost }, used + cost end
  end
end
if #recent >= n then wait = math.max(wait, recent[#recent - n + 1] + rw - now) end
if tn > 0 and #spent > 0 and used + tokens > tn then
  local left, fits = used, spent[#spent][1] + tw
  for _, grant in ipairs(spent) do
    left = left - grant[2]
    if left + tokens <= tn then fits = grant[1] + tw break end
  end
  wait = math.max(wait, fits - now)
end
if wait > 0 then return math.ceil(wait) end
redis.call('ZADD', KEYS[1], now, ARGV[5] .. ':' .. ARGV[6])
redis.call('PEXPIRE', KEYS[1], math.ceil(horizon) + 1000)
return 0
`);

/** KEYS[1]: the same set. ARGV: ms to hold every caller back from now, the longest window (ms). Never shortens one. */
export const backOffScript = luaScript(`
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local delay, keep = tonumber(ARGV[1]), tonumber(ARGV[1]) + tonumber(ARGV[2]) + 1000
if now + delay > tonumber(redis.call('ZSCORE', KEYS[1], 'pause') or 0) then
  redis.call('ZADD', KEYS[1], now + delay, 'pause')
end
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], math.ceil(keep)) end
return 1
`);
