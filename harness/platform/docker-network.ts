import { StartedNetwork } from 'testcontainers';
import { dockerClient } from './docker-client.js';
import { dockerName, runLabels, type OwnerIdentity } from './docker-labels.js';

/**
 * One private bridge network per cell, labelled like the containers. testcontainers' own Network
 * cannot carry labels, so it is created through the same client and wrapped in StartedNetwork, which
 * is what GenericContainer.withNetwork() takes.
 */
export async function startCellNetwork(runId: string, cellId: string, owner: OwnerIdentity): Promise<StartedNetwork> {
  const client = await dockerClient();
  const name = dockerName(runId, cellId);
  const network = await client.network.create({
    Name: name,
    CheckDuplicate: true,
    Driver: 'bridge',
    Internal: false,
    Attachable: false,
    EnableIPv6: false,
    Labels: runLabels(runId, cellId, 'network', owner),
  });
  return new StartedNetwork(client, name, network);
}
