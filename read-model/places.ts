/**
 * The municipality's places and waiting list, as the places coordinator holds them (read by its
 * query). The one function the API reads them through: the coordinator's internals may change
 * (paging a long list, say) without the API or the web app knowing.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PlacesView } from '../domain/places';
import { getPlacesQuery } from '../workflows/messages';

export async function readPlaces(
  client: Client,
  municipality: string,
  workflowId = `places-${municipality}`,
): Promise<PlacesView> {
  try {
    return await client.workflow.getHandle(workflowId).query(getPlacesQuery);
  } catch (err) {
    // No coordinator yet (no worker has started for this municipality): nobody holds or waits.
    if (err instanceof WorkflowNotFoundError)
      return { municipality, capacity: 0, held: 0, free: 0, waiting: [], holders: [] };
    throw err;
  }
}
