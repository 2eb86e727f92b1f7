/** The two supervision trees under test. */
export type Kind = "s6" | "ts6";

/** Each repetition runs s6 first, then ts6, so that drift in the machine touches both alike. */
export const KINDS: readonly Kind[] = ["s6", "ts6"];
