"""Events (fairs, conferences, courses): typed on one line, checked in to and out of."""
