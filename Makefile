# The two commands a newcomer needs; each installs what is missing first.
.PHONY: run test deps

deps:
	@./.ci/deps

# Build (release; on Linux one static executable) and start the shell on the bundled Library.
run: deps
	@"$$(./.ci/build-release)"

# Build and run every test.
test: deps
	swift build --build-tests
	swift test --skip-build
