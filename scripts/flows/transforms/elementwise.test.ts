import { bijectionSuite } from '../testing/bijection-suite.js';
import { ElementwiseAffine, ElementwiseSpline } from './elementwise.js';

const net = { hidden: [8], activation: 'tanh' } as const;

bijectionSuite('elementwise affine (a conditional diagonal Gaussian with a context)', (c) => new ElementwiseAffine({ name: 'a', features: 2, contextFeatures: c, net }), {
  features: 2,
  contexts: [0, 3],
});
bijectionSuite(
  'elementwise spline',
  (c) => new ElementwiseSpline({ name: 's', features: 3, contextFeatures: c, net, spline: { bins: 8, bound: 4, tails: 'linear' } }),
  { features: 3, contexts: [0, 1] },
);
