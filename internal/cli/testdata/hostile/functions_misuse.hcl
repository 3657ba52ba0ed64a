locals {
  a = base64decode("!!!")
  b = base64decode("/w==")
  c = regex("(a+)+$", join("", [for i in range(100) : "a"]))
  d = csvdecode("a,b\n1")
  e = jsondecode("{")
  f = tonumber("x")
  g = parseint("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 36)
  h = substr("abc", -99999999999, 99999999999)
  i = element([], 0)
  j = chunklist(range(10), 0)
  k = nosuchfunction()
  l = file("/etc/passwd")
}
