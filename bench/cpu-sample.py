"""CPU by process group while `npm run bench` runs: every 2 s, the share of one core used by the API
process (bench/api-server.js), the load client, the worker, PostgreSQL's backends, Redis and the
bench itself, from /proc/<pid>/stat. Usage: python3 bench/cpu-sample.py SECONDS (alongside a run,
e.g. `BENCH_ONLY=submission npm run bench`)."""
import os, time, sys
HZ = os.sysconf('SC_CLK_TCK')
def snap():
    out = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            cmd = open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0',b' ').decode()
            st = open(f'/proc/{pid}/stat').read().rsplit(')',1)[1].split()
        except Exception: continue
        t = int(st[11]) + int(st[12])
        if 'api-server.js' in cmd: g = 'api'
        elif 'load-client' in cmd: g = 'load'
        elif 'dist/src/main.js' in cmd: g = 'worker'
        elif cmd.startswith('postgres') or 'postgres:' in cmd: g = 'pg'
        elif 'bench/run.ts' in cmd: g = 'bench'
        elif 'redis' in cmd: g = 'redis'
        else: g = 'other'
        out[pid] = (g, t)
    return out
prev = snap(); t0 = time.time()
while time.time() - t0 < float(sys.argv[1]):
    time.sleep(2)
    cur = snap(); agg = {}
    for pid, (g, t) in cur.items():
        d = t - prev.get(pid, (g, 0 if pid not in prev else t))[1] if pid in prev else t
        if pid not in prev: d = 0
        agg[g] = agg.get(g, 0) + d
    prev = cur
    print(time.strftime('%H:%M:%S'), ' '.join(f'{g}={100*v/HZ/2:.0f}%' for g, v in sorted(agg.items()) if v), flush=True)
