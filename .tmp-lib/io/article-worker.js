import { parentPort } from 'node:worker_threads';
import { processSource } from '../core/build.js';
parentPort?.on('message', (request) => {
    const results = request.sources.map((source) => processSource(source, request.settings));
    parentPort.postMessage({ id: request.id, results });
});
