import type { Execution, StateType } from "@/engine/executor/types";

type Fields = Omit<Partial<Execution>, "state"> & Pick<Execution, "id" | "namespace" | "flowId"> & { state: { current: StateType | string; startDate: string; histories?: [] } };

/** A whole execution document from the few fields a test cares about (rows inserted without the engine). */
export function executionDoc({ state, ...fields }: Fields): Execution {
  return {
    flowRevision: 1,
    taskRunList: [],
    inputs: {},
    outputs: null,
    labels: [],
    trigger: null,
    parentId: null,
    originalId: fields.id,
    ...fields,
    state: { current: state.current as StateType, startDate: state.startDate, histories: [], endDate: null, duration: "PT0S" },
  };
}
