# An HTTP listener that only answers with a fixed response, a Network Load Balancer TCP listener and a classic
# load balancer listening on HTTPS only.
resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/0123456789abcdef"
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Use HTTPS"
      status_code  = "403"
    }
  }
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/db/0123456789abcdef"
  port              = 5432
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/db/0123456789abcdef"
  }
}

resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["eu-west-1a"]

  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab"
  }
}
