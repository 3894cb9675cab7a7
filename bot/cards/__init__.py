"""Contact exchange at fairs: your own card as a QR, and reading QR codes and business cards."""
