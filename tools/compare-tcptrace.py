#!/usr/bin/env python3
# RTT min/avg/max per connection and direction: pcapsurvival (the Release build) against `tcptrace -lr -n` on every
# capture of ../shared/corpus; prints the counts and each disagreement (README: Agreement with tcptrace).
import subprocess, csv, os, re, sys, glob, collections, tempfile
root=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin=os.path.join(root,'src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival')
files=[f for f in glob.glob(os.path.join(root,'..','shared','corpus','**','*'), recursive=True) if os.path.isfile(f) and re.search(r'\.(pcap|pcapng|cap)$', f)]
stats=collections.Counter(); bad=[]
def parse_tt(path):
    try: out=subprocess.run(['tcptrace','-lr','-n',path],capture_output=True,text=True,timeout=60).stdout
    except Exception: return None
    conns=[]
    for block in out.split('================================'):
        m=re.findall(r'host \w+:\s+(\S+):(\d+)', block)
        if len(m)!=2: continue
        d={'a':m[0],'b':m[1]}
        for line in block.splitlines():
            mm=re.match(r'\s+(RTT (?:samples|min|max|avg|stdev|from 3WHS)):\s+(\S+)(?: ms)?\s+\1:\s+(\S+)', line)
            if mm: d[mm.group(1)]=(mm.group(2),mm.group(3))
        conns.append(d)
    return conns
for f in sorted(files):
    tt=parse_tt(f)
    if not tt: continue
    with tempfile.TemporaryDirectory() as t:
        r=subprocess.run([bin,'analyze','--csv',t,f],capture_output=True)
        p=os.path.join(t,'connections.csv')
        if not os.path.exists(p): continue
        ours=list(csv.DictReader(open(p)))
    key=lambda a,b: tuple(sorted([a,b]))
    ok=collections.Counter(key((r['client'],r['client_port']),(r['server'],r['server_port'])) for r in ours)
    tk=collections.Counter(key(d['a'],d['b']) for d in tt)
    for d in tt:
        k=key(d['a'],d['b'])
        if ok[k]!=1 or tk[k]!=1: stats['ambiguous']+=1; continue
        r=[r for r in ours if key((r['client'],r['client_port']),(r['server'],r['server_port']))==k][0]
        for i,(side) in enumerate(['a','b']):
            ip,port=d[side]
            sfx='c2s' if (r['client'],r['client_port'])==(ip,port) else 's2c'
            if 'RTT samples' not in d: continue
            ts=int(d['RTT samples'][i]); os_=int(r['rtt_samples_'+sfx] or 0)
            if ts==0 and os_==0: continue
            stats['dirs']+=1
            problems=[]
            if ts!=os_: problems.append(f'samples {os_} vs {ts}')
            for m in ['min','avg','max']:
                tv=float(d['RTT '+m][i]); ov=float(r[f'rtt_{m}_ms_{sfx}'] or 'nan')
                if not abs(ov-tv) <= 0.01*tv+0.05: problems.append(f'{m} {ov} vs {tv}')
            if problems: stats['bad']+=1; bad.append((os.path.relpath(f,os.path.join(root,'..','shared','corpus')), r['stream'], sfx, problems))
            else: stats['good']+=1
print(stats)
for b in bad: print(b)
