locals {
  s = join("", [for i in range(4096) : "abcdefgh"])
  x = replace(local.s, "", local.s)
}
