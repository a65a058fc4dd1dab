import type { ScorerInput } from "./scorer.js";

// Han, kana and Thai are written without spaces; one token per character keeps them matchable.
const spaceless = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}`;
const wordPattern = new RegExp(String.raw`[${spaceless}]|(?:(?![${spaceless}])[\p{L}\p{N}\p{M}])+`, "gu");

/** Lower-cased words (Unicode letters and digits) of a text, in order, repeats kept. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(wordPattern) ?? [];
}

// Without these, "What is a rerank model?" ranks any sentence containing "is a" first, which makes the
// offline demo rank nonsense. A short list is enough: the aim is plausible, not linguistic.
const stopWordList = `a an and are as at be been but by can do does for from had has have how i if in into is it its of
  on or so than that the their then there these this those to was were what when where which who why will with
  you your`;
const stopWords = new Set(stopWordList.split(/\s+/));

// Plural -s only ("models" → "model"): enough to match a query's singular against a document's plural.
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The words the lexical scorer matches: {@link tokenize}, minus common English stop words (kept when
 * nothing else is left), with a plural -s stripped.
 */
export function terms(text: string): string[] {
  const words = tokenize(text);
  const content = words.filter((word) => !stopWords.has(word));
  return (content.length > 0 ? content : words).map(stem);
}

/**
 * The words standing in for an image or video: its caption if `captions` has the exact reference,
 * else the file name of a URL without its extension; a data URI without a caption has none.
 */
export function mediaWords(reference: string, captions: Readonly<Record<string, string>> = {}): string[] {
  const caption = captions[reference];
  if (caption !== undefined) return terms(caption);
  if (reference.startsWith("data:")) return [];
  let path = reference;
  try {
    path = new URL(reference).pathname;
  } catch {
    // Not a URL (a vLLM client may send a file path): the last segment still names the file.
  }
  let fileName = path.slice(path.lastIndexOf("/") + 1);
  try {
    fileName = decodeURIComponent(fileName);
  } catch {
    // A stray "%" is just another separator to the tokenizer.
  }
  const dot = fileName.lastIndexOf(".");
  return terms(dot > 0 ? fileName.slice(0, dot) : fileName);
}

/** Builds a {@link ScorerInput} from its parts, computing the words once. */
export function scorerInput(
  parts: { texts?: readonly string[]; images?: readonly string[]; videos?: readonly string[] },
  captions: Readonly<Record<string, string>> = {},
): ScorerInput {
  const texts = parts.texts ?? [];
  const images = [...(parts.images ?? [])];
  const videos = [...(parts.videos ?? [])];
  const text = texts.length > 0 ? texts.join("\n") : undefined;
  const words = [
    ...(text === undefined ? [] : terms(text)),
    ...images.flatMap((image) => mediaWords(image, captions)),
    ...videos.flatMap((video) => mediaWords(video, captions)),
  ];
  return { text, images, videos, words };
}

/**
 * What {@link lexicalScore} takes: a string, a DashScope-style `{text?, image?, video?}` object, or a
 * {@link ScorerInput}.
 */
export type LexicalInput = string | { text?: string; image?: string; video?: string } | ScorerInput;

function wordsOf(input: LexicalInput, captions: Readonly<Record<string, string>>): readonly string[] {
  if (typeof input === "string") return terms(input);
  if ("words" in input && Array.isArray(input.words)) return input.words;
  const { text, image, video } = input as { text?: string; image?: string; video?: string };
  return scorerInput(
    {
      texts: text === undefined ? [] : [text],
      images: image === undefined ? [] : [image],
      videos: video === undefined ? [] : [video],
    },
    captions,
  ).words;
}

/**
 * The offline stand-in for the model: a deterministic lexical overlap score in [0, 0.999].
 *
 * Words are {@link terms}. The score is `(shared + density) / (|Q| + 1) × 0.999`, rounded to 6 decimals,
 * where `|Q|` is the number of distinct query words, `shared` how many of them the document contains, and
 * `density` the share of the document's words that are query words. `density` < 1 unless the document is made
 * only of query words, so a document sharing more distinct query words always ranks higher, while length and
 * repetition separate the rest.
 */
export function lexicalScore(
  query: LexicalInput,
  document: LexicalInput,
  captions: Readonly<Record<string, string>> = {},
): number {
  const queryTerms = new Set(wordsOf(query, captions));
  const documentWords = wordsOf(document, captions);
  if (queryTerms.size === 0 || documentWords.length === 0) return 0;
  const documentTerms = new Set(documentWords);
  let shared = 0;
  for (const term of queryTerms) if (documentTerms.has(term)) shared++;
  let hits = 0;
  for (const word of documentWords) if (queryTerms.has(word)) hits++;
  const raw = ((shared + hits / documentWords.length) / (queryTerms.size + 1)) * 0.999;
  return Math.round(raw * 1e6) / 1e6;
}
