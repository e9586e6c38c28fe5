/** How an instrument revalues: linear in its forward, or a European option on it. */
export const PayoffCode = { linear: 0, call: 1, put: 2 } as const;
export type PayoffCode = (typeof PayoffCode)[keyof typeof PayoffCode];
