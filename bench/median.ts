/** The middle of the sorted timings (the upper one of an even count): what every "median of N" in the benches reports. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
