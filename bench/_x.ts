import { generateCustomers } from './synth';
import { scaleData } from '../src/lib/ml/cluster/scale';
import { kmeans } from '../src/lib/ml/cluster/kmeans';
import { initKMeansPlusPlus } from '../src/lib/ml/cluster/initialization';
import { Random } from '../src/lib/ml/random';
const n = 1_000_000, d = 5;
const c = generateCustomers(n);
const X = new Float64Array(n*d);
const cols=[c.age,c.annual_income,c.purchase_amount,c.loyalty_score,c.purchase_frequency];
for (let i=0;i<n;i++) for (let j=0;j<d;j++) X[i*d+j]=cols[j][i];
const Z = scaleData(X,n,d);
const centers = new Float64Array(25);
let s=0; let t=performance.now(); for (let i=0;i<n*d;i++) s+=Z[i]; console.log('sum pass', ((performance.now()-t)).toFixed(1), 'ms');
for (let rep=0;rep<6;rep++){
  t=performance.now(); initKMeansPlusPlus(Z,n,d,5,new Random(rep),centers); const ti=(performance.now()-t)/1000;
  t=performance.now(); const r=kmeans(Z,n,d,5,{nInit:1,seed:rep}); const tt=(performance.now()-t)/1000;
  console.log('init', ti.toFixed(3), 'total', tt.toFixed(3), r.iterations);
}
