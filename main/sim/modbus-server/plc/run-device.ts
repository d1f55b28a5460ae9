/** Runs a machine device behind an endpoint: the device's tick stops when the endpoint closes or fails to open. */

/** Opens the endpoint with `open`; returns it with a `close` that also stops the device. */
export async function runDevice<E extends { close(): Promise<void> }>(device: { stop(): void }, open: () => Promise<E>): Promise<E> {
  try {
    const endpoint = await open();
    return {
      ...endpoint,
      close: async () => {
        device.stop();
        await endpoint.close();
      },
    };
  } catch (error) {
    device.stop();
    throw error;
  }
}
