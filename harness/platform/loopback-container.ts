import { GenericContainer } from 'testcontainers';

/** Published ports are reachable from this machine only: the benchmark's targets are never exposed. */
export const PUBLISH_HOST_IP = '127.0.0.1';

/**
 * A GenericContainer that (1) binds its published ports to 127.0.0.1 instead of every interface and
 * (2) joins only the cell's network, under its alias. testcontainers' withNetworkAliases() creates the
 * container on the default bridge and connects it to the network afterwards, so every container would
 * also share the default bridge with every other container on the machine; setting the alias in the
 * create request instead keeps the cell's network private. beforeContainerCreated is testcontainers'
 * documented hook for adjusting the create request.
 */
export class LoopbackContainer extends GenericContainer {
  private alias: string | undefined;

  /**
   * A CFS cap: `cores` CPUs per `periodUs` (docker run --cpu-period/--cpu-quota). testcontainers'
   * withResourcesQuota sets NanoCpus, whose period is fixed at 100 ms; sizing records the period.
   */
  withCpuCap(cores: number, periodUs: number): this {
    this.hostConfig.CpuPeriod = Math.round(periodUs);
    this.hostConfig.CpuQuota = Math.max(1000, Math.round(cores * periodUs));
    return this;
  }

  /** Call after withNetwork(): the name other containers on that network reach this one by. */
  withPrivateNetworkAlias(alias: string): this {
    this.alias = alias;
    return this;
  }

  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as Array<Array<{ HostIp?: string }>>) {
      for (const binding of bindings) binding.HostIp = PUBLISH_HOST_IP;
    }
    if (this.alias !== undefined && this.networkMode !== undefined) {
      this.createOpts.NetworkingConfig = { EndpointsConfig: { [this.networkMode]: { Aliases: [this.alias] } } };
    }
  }
}
