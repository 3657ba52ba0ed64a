locals {
  x = formatlist("%999999s", range(1024))
  y = format("%99999999999999999999d", 1)
}
