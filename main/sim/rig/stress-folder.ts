/** An optional `Stress` folder of N Double variables that all change at a fixed rate (load tests and benchmarks). */
import { DataType, type Namespace, type UAObject, type UAVariable } from 'node-opcua';

/** Adds `Stress.Item<i>` (ns=1;s=Stress.Item0 …) variables; returns the function that stops their updates. */
export function addStressFolder(namespace: Namespace, objectsFolder: UAObject, count: number, hz: number): () => void {
  if (count <= 0) return () => undefined;
  const folder = namespace.addFolder(objectsFolder, { browseName: 'Stress', nodeId: 's=Stress' });
  const variables: UAVariable[] = [];
  for (let i = 0; i < count; i++) {
    variables.push(
      namespace.addVariable({
        componentOf: folder,
        browseName: `Item${i}`,
        nodeId: `s=Stress.Item${i}`,
        dataType: 'Double',
        minimumSamplingInterval: 0,
        value: { dataType: DataType.Double, value: i },
      }),
    );
  }
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const now = new Date();
    for (let i = 0; i < variables.length; i++) {
      variables[i]?.setValueFromSource({ dataType: DataType.Double, value: tick * 1000 + i }, undefined, now);
    }
  }, Math.max(10, Math.round(1000 / hz)));
  return () => clearInterval(timer);
}
