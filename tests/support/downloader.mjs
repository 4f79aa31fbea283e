// Downloads one address N times at once and prints the byte counts as JSON: the load of a crowd,
// kept out of the test's process so the test's own event loop measures only the live traffic.
//   node tests/support/downloader.mjs <url> <count>
const [url, count] = process.argv.slice(2);
const sizes = await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const res = await fetch(url);
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    return res.status === 200 ? bytes : -res.status;
  }),
);
process.stdout.write(`${JSON.stringify(sizes)}\n`);
