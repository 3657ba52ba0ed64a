environment "e" {
  config {
    type = "cloud"
    packages {
      pip = [
        "pandas", # want: package-unpinned
        "numpy>=2", # want: package-unpinned
        "scipy==latest", # want: package-unpinned
      ]
      npm   = ["express@latest"] # want: package-unpinned
      cargo = ["ripgrep"] # want: package-unpinned
      gem   = ["rails"] # want: package-unpinned
      go    = ["golang.org/x/tools/cmd/goimports@latest"] # want: package-unpinned
      apt   = ["curl"] # want: package-unpinned
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
