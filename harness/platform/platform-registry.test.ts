import { describe, expect, it } from 'vitest';
import { defaultImageNames } from '../images/image-names.js';
import { platformFor } from './platform-registry.js';

describe('platformFor', () => {
  it('picks the platform the scenario names', () => {
    const images = defaultImageNames('0.0.0');
    expect(platformFor({ platform: 'process', images, target: undefined }).name).toBe('process');
    expect(platformFor({ platform: 'docker', images, target: undefined }).name).toBe('docker');
    expect(platformFor({ platform: 'external', images, target: { url: 'http://127.0.0.1:8080', replicas: [] } }).name).toBe('external');
  });

  it('refuses external without a target (the config pipeline already does; this guards programmatic use)', () => {
    expect(() => platformFor({ platform: 'external', images: defaultImageNames('0.0.0'), target: undefined })).toThrow(/needs a target/);
  });
});
