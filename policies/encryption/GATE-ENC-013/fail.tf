resource "aws_kinesis_stream" "events" {
  name             = "events"
  shard_count      = 1
  retention_period = 48
}

resource "aws_kinesis_stream" "clicks" {
  name            = "clicks"
  shard_count     = 2
  encryption_type = "NONE"
}
