/** Model id of the committed Funnel density model: models/lhco-funnel.{onnx,json}. */
export const FUNNEL_MODEL_ID = 'lhco-funnel';
