import { bijectionSuite } from '../testing/bijection-suite.js';
import { Rng } from '../testing/harness.js';
import { Chain } from './chain.js';
import { AffineCoupling, SplineCoupling } from './coupling.js';
import { LULinear } from './lu-linear.js';
import { Permutation } from './permutation.js';

const net = { hidden: [8], activation: 'tanh' } as const;

bijectionSuite(
  'chain of couplings, permutation and LU',
  (c) =>
    new Chain({ name: 'chain', features: 3, contextFeatures: c }, [
      new SplineCoupling({ name: 'c0', features: 3, contextFeatures: c, net, spline: { bins: 4, bound: 3 } }),
      Permutation.random({ name: 'p0', features: 3 }, new Rng(1)),
      new LULinear({ name: 'lu', features: 3 }),
      new AffineCoupling({ name: 'c1', features: 3, contextFeatures: c, net }),
    ]),
  // The random permutation is no identity, so zero parameters are checked without it.
  { features: 3, contexts: [0, 2], identityAtZero: false },
);

bijectionSuite(
  'chain of couplings and LU (no permutation)',
  (c) =>
    new Chain({ name: 'chain', features: 2, contextFeatures: c }, [
      new SplineCoupling({ name: 'c0', features: 2, contextFeatures: c, net, spline: { bins: 4, bound: 3 } }),
      new LULinear({ name: 'lu', features: 2 }),
    ]),
  { features: 2, contexts: [1] },
);
