# Pairs that crossed the 0.80 threshold between two screening-analysis outputs: python3 compare.py BEFORE.jsonl AFTER.jsonl
import json,sys
def load(f):
    d={}
    for l in open(f):
        r=json.loads(l); d[(r['query'],r['alert'])]=r
    return d
a=load(sys.argv[1]); b=load(sys.argv[2])
for k in set(a)|set(b):
    ra=a.get(k); rb=b.get(k)
    sa=ra['score'] if ra else 0; sb=rb['score'] if rb else 0
    if (sa>=0.8)!=(sb>=0.8):
        r=rb or ra
        t=r['kind'] in ('TP','FN')
        print('GAIN' if (t and sb>=0.8) or (not t and sb<0.8) else 'LOSS', 'T' if t else 'F', round(sa,3),'->',round(sb,3), r['var'])
        print('   Q:',r['q']); print('   A:',r['a']); print('   ',(rb or ra)['why'])
