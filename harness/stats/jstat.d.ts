// jstat ships no type declarations: these cover only the functions harness/stats/distributions.ts uses.
declare module 'jstat' {
  interface ContinuousDistribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  interface JStat {
    normal: ContinuousDistribution;
    studentt: ContinuousDistribution;
    beta: ContinuousDistribution;
    gammaln(x: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
