// Copies the node and credential icons and codex files next to the compiled code in dist/,
// where n8n looks for `file:` icons relative to each .node.js / .credentials.js.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
