# List the rows of a screening-analysis output: python3 list.py OUT.jsonl FP,FN (kinds to show).
import json,sys,collections
f=sys.argv[1]; kinds=sys.argv[2].split(',') if len(sys.argv)>2 else ['FP','FN']
rows=[json.loads(l) for l in open(f)]
for r in rows:
    if r['kind'] in kinds and (r['kind']!='FN' or True):
        print(r['kind'], r['query'], r['alert'], round(r['score'],3), r['var'], 'cand' if r['candidate'] else 'NOTFOUND')
        print('   Q:', r['q']); print('   A:', r['a']); print('   ', r['why'])
