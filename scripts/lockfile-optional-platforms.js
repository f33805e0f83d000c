// Run after every `npm install`: adds lockfile entries for optional platform packages the registry mirror cannot serve, so that
// `npm ci` validates; npm skips them on this platform (os/cpu mismatch) without fetching.
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies || {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (pkgs[base] || pkgs[`node_modules/${name}`]) continue;
    const m = /(darwin|win32|linux|freebsd|android|openharmony|sunos|aix|netbsd|openbsd)/.exec(name);
    const cpu = /(x64|arm64|arm|ia32|loong64|ppc64|riscv64|s390x|wasm32)/.exec(
      name.replace(/^@[^/]+\//, '').replace(/^.*?-(?=(darwin|win32|linux|freebsd|android|openharmony))/, ''),
    );
    const entry = { version: String(range).replace(/^[\^~]/, ''), optional: true };
    if (meta.dev) entry.dev = true;
    if (m) entry.os = [m[1]];
    if (cpu) entry.cpu = [cpu[1]];
    if (/musl/.test(name)) entry.libc = ['musl'];
    else if (/gnu/.test(name) && m && m[1] === 'linux') entry.libc = ['glibc'];
    pkgs[`node_modules/${name}`] = entry;
    added++;
  }
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
