// A stand-in for the uwsgi worker of the essay, runnable under the debugger: it prints what the
// real worker logged before dying, and which executable it runs as.
console.log(`sys.executable would be: ${process.execPath}`);
console.log('Downloading word2vec model en_core_web_lg');
console.error('unable to load configuration from pip');
console.error('DAMN ! worker 1 (pid: 35527) died :( trying respawn ...');
process.exitCode = 1;
