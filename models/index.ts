/**
 * The models bundled into the Worker: each entry is an ONNX file and its model card from this
 * folder. Training writes both files; add the pair here to serve it (a unit test checks that every
 * .onnx in this folder is listed).
 */
import lhcoDreamCard from './lhco-dream.json';
import lhcoDreamOnnx from './lhco-dream.onnx';
import lhcoFunnelCard from './lhco-funnel.json';
import lhcoFunnelOnnx from './lhco-funnel.onnx';
import curtainsLhcoCard from './curtains-lhco.json';
import curtainsLhcoOnnx from './curtains-lhco.onnx';

export interface BundledModel {
  card: unknown;
  onnx: ArrayBuffer;
}

export const bundledModels: BundledModel[] = [
  { card: lhcoDreamCard, onnx: lhcoDreamOnnx },
  { card: lhcoFunnelCard, onnx: lhcoFunnelOnnx },
  { card: curtainsLhcoCard, onnx: curtainsLhcoOnnx },
];
