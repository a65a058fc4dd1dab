/** Stand-in tokens of a request or one of its items, split as DashScope bills them. */
export interface TokenCount {
  text: number;
  image: number;
}
