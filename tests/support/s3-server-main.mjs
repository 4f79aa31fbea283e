// An S3-compatible server in a process of its own, for the tests: `@20minutes/s3rver` (a maintained
// fork of s3rver: a real HTTP server speaking the S3 REST API, SigV4 and presigned URLs checked,
// objects on disk). Prints `listening <port>` once it answers.
//   node tests/support/s3-server-main.mjs <data-dir> <bucket>
import S3rver from '@20minutes/s3rver';

const [directory, bucket] = process.argv.slice(2);
// Buckets are made at start: s3rver signs bucket-level paths without their trailing slash, so the
// SDK's CreateBucket is refused (object paths are signed alike by both).
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [] }],
});
server.run().then(
  (address) => process.stdout.write(`listening ${address.port}\n`),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
