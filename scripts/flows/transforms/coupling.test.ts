import { bijectionSuite } from '../testing/bijection-suite.js';
import { AffineCoupling, SplineCoupling } from './coupling.js';

const net = { hidden: [8], activation: 'tanh' } as const;

bijectionSuite('affine coupling', (c) => new AffineCoupling({ name: 'a', features: 3, contextFeatures: c, net }), { features: 3, contexts: [0, 2] });
bijectionSuite(
  'spline coupling, identity tails, first feature transformed',
  (c) => new SplineCoupling({ name: 's', features: 3, contextFeatures: c, transformed: [0], net, spline: { bins: 6, bound: 3 } }),
  { features: 3, contexts: [0, 2] },
);
bijectionSuite(
  'spline coupling, linear tails, 1-D with a context',
  (c) => new SplineCoupling({ name: 's', features: 1, contextFeatures: c, transformed: [0], net, spline: { bins: 5, bound: 2, tails: 'linear' } }),
  { features: 1, contexts: [2] },
);
