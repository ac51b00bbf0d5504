#!/bin/sh
# Rebuilds internal/assets/dist from internal/assets/web; run it from anywhere:
#   sh internal/assets/build.sh
#
# dist/ is committed and embedded in the binary, so building or running the app never needs
# Node. This script is for when the views, app.css or the scripts change.
#
# The CSS compiler is the first of: a standalone Tailwind v4 `tailwindcss` on the PATH, then
# the pinned @tailwindcss/cli through npx. With neither, it warns and keeps the committed CSS.
set -eu

TAILWIND_VERSION=4.3.5

cd "$(dirname "$0")"

warn() {
	printf 'assets: %s\n' "$*" >&2
}

# The npm CLI resolves `@import "tailwindcss"` from the CSS file's folder, where there is no
# node_modules; NODE_PATH points it at the copy npx installed next to the CLI (the same version).
tailwind_npx() {
	npx --yes --package="@tailwindcss/cli@$TAILWIND_VERSION" -- sh -c \
		'bin=$(command -v tailwindcss) && NODE_PATH=${bin%/.bin/tailwindcss} exec "$bin" "$@"' tailwindcss "$@"
}

# Writes to a scratch file first so a failed build leaves the committed CSS as it was.
build_css() {
	mkdir -p dist/css
	scratch=dist/css/.app.css.tmp
	if command -v tailwindcss >/dev/null 2>&1 && tailwindcss --help 2>&1 | grep -q 'tailwindcss v4\.'; then
		compiler=tailwindcss
	elif command -v npx >/dev/null 2>&1; then
		compiler=tailwind_npx
	else
		warn "no tailwindcss (v4) or npx on the PATH: keeping the committed dist/css/app.css"
		return 0
	fi
	if ! "$compiler" -i web/css/app.css -o "$scratch" --minify; then
		rm -f "$scratch"
		warn "the CSS build failed: dist/css/app.css is unchanged"
		return 1
	fi
	mv "$scratch" dist/css/app.css
}

# Copies, not bundles: the vendored files are already minified, and app.js is small.
copy_files() {
	from=$1
	to=$2
	pattern=$3
	rm -rf "$to"
	mkdir -p "$to"
	for file in "$from"/$pattern; do
		if [ -f "$file" ]; then
			cp "$file" "$to/"
		fi
	done
}

copy_files web/js dist/js '*.js'
copy_files web/vendor dist/vendor '*.js'
copy_files web/images dist/images '*'
build_css
