/** `create` called on first use and its value kept; a throw is not kept, so the next use tries again. */
export function once<T>(create: () => T): () => T {
  let created: { value: T } | undefined;
  return () => {
    created ??= { value: create() };
    return created.value;
  };
}
