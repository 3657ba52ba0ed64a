environment "e" {
  config {
    type = "cloud"
    packages {
      pip = [
        "Foo_Bar==1.0",
        "foo-bar==2.0", # want: package-duplicate
      ]
      cargo = ["cargo-edit@0.12.0", "cargo_edit@0.12.1"] # want: package-duplicate
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
