// N viewers of one video seek at once: each asks for `seeks` ranges of `chunk` bytes at random
// offsets, one after the other (as a player does), and prints the bytes each one received as JSON.
// Run apart from the test's process so the test measures only the server.
//   node tests/support/seeker.mjs <url> <viewers> <seeks> <chunk> <size>
const [url, viewers, seeks, chunk, size] = process.argv.slice(2);
const viewer = async () => {
  let bytes = 0;
  for (let i = 0; i < Number(seeks); i += 1) {
    const start = Math.floor(Math.random() * (Number(size) - Number(chunk)));
    const res = await fetch(url, { headers: { range: `bytes=${start}-${start + Number(chunk) - 1}` } });
    if (res.status !== 206) return -res.status;
    for await (const part of res.body) bytes += part.length;
  }
  return bytes;
};
const received = await Promise.all(Array.from({ length: Number(viewers) }, viewer));
process.stdout.write(`${JSON.stringify(received)}\n`);
