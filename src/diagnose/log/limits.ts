// Layer: diagnostics. The parser's bounds: what keeps its memory the same whatever the log's size.
export const LIMITS = {
  /** longer lines are cut; the rest up to the newline is skipped */
  lineChars: 8_192,
  textChars: 300,
  eventsPerAttempt: 300,
  suitesPerHello: 120,
  /** attempts kept: the first ones and the most recent ones */
  firstAttempts: 3,
  lastAttempts: 17,
  tailLines: 30,
  secTags: 10,
} as const;
