export const consoleLogger = {
    info: (m) => process.stdout.write(`${m}\n`),
    warn: (m) => process.stderr.write(`${m}\n`),
    error: (m) => process.stderr.write(`${m}\n`),
};
export function createMemoryLogger() {
    const lines = [];
    return {
        lines,
        info: (m) => lines.push(m),
        warn: (m) => lines.push(m),
        error: (m) => lines.push(m),
        text: () => lines.join('\n'),
    };
}
