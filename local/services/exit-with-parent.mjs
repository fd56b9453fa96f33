/**
 * Preloaded into a Node child of the local runtime (`node --import <this file> …`): the child exits
 * when its standard input reaches its end. The parent holds the other end of that pipe, so when the
 * parent goes (stopped, crashed, or killed with SIGKILL) the child goes too and frees its port.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
