package exchange

// SetChunkFigures sets how many figures an export reads at once, for a
// test, and returns what puts it back.
func SetChunkFigures(n int) (restore func()) {
	old := chunkFigures
	chunkFigures = n
	return func() { chunkFigures = old }
}
