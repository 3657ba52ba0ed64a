locals {
  x = indent(2000000000, join("\n", range(1000)))
}
