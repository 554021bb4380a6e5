# The two commands a newcomer needs; each installs what is missing first.
.PHONY: run test deps

deps:
	@./.ci/deps

# Build and start the shell on the bundled Library.
run: deps
	swift build -c release --product werkbank
	@./.build/release/werkbank

# Build and run every test.
test: deps
	swift build --build-tests
	swift test --skip-build
