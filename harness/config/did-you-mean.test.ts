import { describe, expect, it } from 'vitest';
import { BALANCER_POLICIES } from '../balancers/balancer.js';
import { didYouMean, suggestionHint } from './did-you-mean.js';

describe('didYouMean', () => {
  it.each([
    ['stiky', BALANCER_POLICIES, 'sticky-cookie'],
    ['least-con', BALANCER_POLICIES, 'least-conn'],
    ['roundrobin', BALANCER_POLICIES, 'round-robin'],
    ['rat', ['executor', 'rate', 'duration'], 'rate'],
    ['wieght', ['name', 'weight', 'arguments'], 'weight'],
    ['maxInflight', ['maxInFlight', 'warmup'], 'maxInFlight'],
    ['ech', ['echo', 'work', 'sleep'], 'echo'],
  ] as const)('suggests %s -> %s', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  it.each(['zzzz', 'docker', ''])('suggests nothing for %j when nothing is close', (input) => {
    expect(didYouMean(input, ['echo', 'work', 'sleep'])).toBeUndefined();
  });
});

describe('suggestionHint', () => {
  it('adds the valid list, with or without a guess', () => {
    expect(suggestionHint('ech', ['echo', 'work'])).toBe('did you mean "echo"? valid: echo, work');
    expect(suggestionHint('zzzz', ['echo', 'work'], 'valid keys')).toBe('valid keys: echo, work');
    expect(suggestionHint(5, ['echo'])).toBe('valid: echo');
  });
});
