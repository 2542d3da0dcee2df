import { HarnessError } from '../errors/harness-error.js';
import type { Availability, BalancerImplementation, BalancerImplName, PolicySupport, StartedBalancer } from './balancer.js';

const REASON = 'not implemented yet';

/** Placeholder for an implementation the harness names but does not ship yet (nginx). */
export class NotImplementedBalancer implements BalancerImplementation {
  readonly name: BalancerImplName;

  constructor(name: BalancerImplName) {
    this.name = name;
  }

  availability(): Promise<Availability> {
    return Promise.resolve({ available: false, reason: REASON });
  }

  supports(): PolicySupport {
    return { supported: false, reason: REASON };
  }

  start(): Promise<StartedBalancer> {
    return Promise.reject(
      new HarnessError('E_BALANCER_UNAVAILABLE', `balancer "${this.name}" is ${REASON}`, { hint: 'Use `balancer: haproxy`, `balancer: builtin` or `balancer: auto`.' }),
    );
  }
}
