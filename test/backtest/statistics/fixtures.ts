/**
 * Hit sequences the tests compare with rugarch 1.5-6 (exceptions on the listed 1-based days).
 * rugarch is not packaged for Debian; its VaRTest, VaRDurTest and ESTest are plain R over base
 * functions, so they were run from the package's source file R/rugarch-tests.R (CRAN mirror
 * cran/rugarch, version 1.5-6), sourced into Debian's R 4.2.2, once:
 *   actual <- rep(0, T); actual[days] <- -2; VaR <- rep(-1, T)
 *   VaRTest(1 - coverage, actual, VaR); VaRDurTest(1 - coverage, actual, VaR)
 * Sequence B is set.seed(20261130); which(runif(1000) < 0.05).
 */
export interface RugarchCase {
  name: string;
  observations: number;
  days: number[];
  coverage: number;
  /** VaRTest: uc.LRstat, uc.LRp, cc.LRstat, cc.LRp. */
  uc: [number, number];
  cc: [number, number];
  /** VaRDurTest: b, uLL, rLL, LRp. */
  duration: { b: number; uLL: number; rLL: number; LRp: number };
}

export const RUGARCH_CASES: RugarchCase[] = [
  {
    name: 'A: clustered, 8 exceptions in 250 days at 99%, first and last spells censored',
    observations: 250,
    days: [12, 40, 41, 97, 150, 151, 152, 200],
    coverage: 0.99,
    uc: [7.7335507244945241, 0.0054204051941277864],
    cc: [19.24776389795133, 6.6130403877151522e-5],
    duration: { b: 0.69074749018512416, uLL: -31.309637453524527, rLL: -32.028855381648526, LRp: 0.23039262067239308 },
  },
  {
    name: 'B: iid draws at 5%, 53 exceptions in 1000 days at 95%',
    observations: 1000,
    days: [
      16, 45, 64, 68, 74, 76, 94, 119, 133, 141, 143, 167, 170, 180, 189, 196, 201, 206, 217, 264, 280, 288, 314, 317, 393, 443, 456,
      457, 513, 529, 530, 568, 597, 601, 659, 660, 664, 691, 711, 751, 755, 757, 763, 792, 798, 808, 844, 865, 907, 923, 927, 971, 998,
    ],
    coverage: 0.95,
    uc: [0.18598793342674558, 0.66627701691779584],
    cc: [0.19976357659269875, 0.90494438673102373],
    duration: { b: 1.0585881511372668, uLL: -205.60568411448497, rLL: -205.73860114083692, LRp: 0.60614011550743052 },
  },
  {
    name: 'C: exceptions on the first and the last day (no censored spell), 6 in 250 at 99%',
    observations: 250,
    days: [1, 30, 31, 90, 180, 250],
    coverage: 0.99,
    uc: [3.5553547710617481, 0.059353618972288746],
    cc: [6.7093440577131913, 0.034920821298520699],
    duration: { b: 1.0526848631478603, uLL: -24.532370618776437, rLL: -24.540074920153035, LRp: 0.90121124227751981 },
  },
  {
    name: 'D: evenly spaced, no exception followed by another (n11 = 0), 4 in 250 at 99%',
    observations: 250,
    days: [20, 80, 150, 220],
    coverage: 0.99,
    uc: [0.76913836438584604, 0.38048373823895387],
    cc: [0.89975641247350446, 0.63770581548330307],
    duration: { b: 10, uLL: -9.3140193643083879, rLL: -16.268545887582412, LRp: 0.0001918720703453225 },
  },
];
