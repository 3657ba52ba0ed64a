environment "a" {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  config {
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
  }
}
